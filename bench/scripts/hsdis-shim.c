/*
 * Lets JDK 25 print C2's machine code with Debian's disassembler plugin. Debian's libhsdis0-fcml
 * exports the old hsdis entry point, decode_instructions(start, end, ...); the JDK now calls
 * decode_instructions_virtual(start_va, end_va, buffer, length, ...). This forwards one to the
 * other. Build and use (see bench/RESULTS.md, "Reading the machine code"):
 *
 *   apt-get install libhsdis0-fcml
 *   mkdir -p /tmp/hsdis && gcc -O2 -shared -fPIC -o /tmp/hsdis/hsdis-amd64.so bench/scripts/hsdis-shim.c -ldl
 *   LD_LIBRARY_PATH=/tmp/hsdis java -XX:+UnlockDiagnosticVMOptions \
 *       -XX:CompileCommand=print,dev.convoy.backends.simd.PanamaKernels::directRowTile ...
 */
#include <dlfcn.h>
#include <stdint.h>

typedef void *(*event_callback)(void *stream, const char *event, void *arg);
typedef int (*printf_callback)(void *stream, const char *format, ...);
typedef void *(*decode_instructions_fn)(void *start, void *end, event_callback event, void *event_stream,
                                        printf_callback printf, void *printf_stream, const char *options);

void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char *buffer, uintptr_t length,
                                  event_callback event, void *event_stream, printf_callback printf,
                                  void *printf_stream, const char *options, int newline) {
  static decode_instructions_fn decode;
  (void) start_va;
  (void) end_va;
  (void) newline;
  if (decode == 0) {
    void *library = dlopen("/usr/lib/x86_64-linux-gnu/libhsdis.so.0", RTLD_NOW);
    if (library == 0) {
      return 0;
    }
    decode = (decode_instructions_fn) dlsym(library, "decode_instructions");
    if (decode == 0) {
      return 0;
    }
  }
  /* The code lies in the buffer itself, so addresses print as they are in memory. */
  return decode(buffer, buffer + length, event, event_stream, printf, printf_stream, options);
}
