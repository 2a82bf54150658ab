# Finds a JDK that can build and run Convoy; sourced by ./convoy and ./convoy-test.
# convoy_require_jdk sets CONVOY_JDK to its home, or explains what to install and exits 2.
# Order: $JAVA_HOME if new enough, else the newest JDK under /usr/lib/jvm (or macOS's folder),
# else the java on PATH.

CONVOY_MIN_JDK=25

# Prints the version of the JDK at home $1 (e.g. 25.0.3, or 1.8.0_412), or fails.
convoy_jdk_version() {
  local home=$1 version=""
  [[ -x $home/bin/java ]] || return 1
  # The release file answers without starting a JVM.
  if [[ -f $home/release ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [[ -z $version ]]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  [[ -n $version ]] || return 1
  echo "$version"
}

# Prints the feature release of a version string: 25.0.3 -> 25, 1.8.0_412 -> 8.
convoy_jdk_feature() {
  local version=$1
  if [[ $version == 1.* ]]; then
    version=${version#1.}
  fi
  version=${version%%[!0-9]*}
  [[ -n $version ]] || return 1
  echo "$version"
}

# Succeeds when the JDK at home $1 is new enough.
convoy_jdk_ok() {
  local version feature
  version=$(convoy_jdk_version "$1") || return 1
  feature=$(convoy_jdk_feature "$version") || return 1
  (( feature >= CONVOY_MIN_JDK ))
}

# Sets CONVOY_JDK to the home of a JDK >= CONVOY_MIN_JDK, or returns 1.
convoy_find_jdk() {
  CONVOY_JDK=""
  if [[ -n ${JAVA_HOME:-} ]] && convoy_jdk_ok "$JAVA_HOME"; then
    CONVOY_JDK=$JAVA_HOME
    return 0
  fi
  local candidate version newest=""
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [[ -x $candidate/bin/javac ]] && convoy_jdk_ok "$candidate" || continue
    version=$(convoy_jdk_version "$candidate")
    newest+="$version"$'\t'"$candidate"$'\n'
  done
  if [[ -n $newest ]]; then
    CONVOY_JDK=$(printf '%s' "$newest" | sort -V | tail -n 1 | cut -f 2)
    return 0
  fi
  local java
  if java=$(command -v java); then
    java=$(readlink -f "$java" 2>/dev/null || echo "$java")
    candidate=$(cd "$(dirname "$java")/.." && pwd -P)
    if convoy_jdk_ok "$candidate"; then
      CONVOY_JDK=$candidate
      return 0
    fi
  fi
  return 1
}

# Like convoy_find_jdk, but when there is none says which JDK is needed and how to get one, and exits 2.
convoy_require_jdk() {
  convoy_find_jdk && return 0
  local on_path="none"
  if command -v java >/dev/null 2>&1; then
    on_path=$(java -version 2>&1 | head -n 1)
  fi
  {
    echo "convoy: Convoy needs a JDK $CONVOY_MIN_JDK or newer, and none was found."
    echo "  looked at: JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm/*, java on PATH ($on_path)"
    echo "  install a JDK $CONVOY_MIN_JDK, e.g. apt-get install temurin-$CONVOY_MIN_JDK-jdk (Adoptium's apt repository)"
    echo "  or sdk install java $CONVOY_MIN_JDK-tem, or set JAVA_HOME to a JDK $CONVOY_MIN_JDK."
  } >&2
  exit 2
}
