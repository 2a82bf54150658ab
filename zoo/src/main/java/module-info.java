/** The model zoo: the notes' classic architectures as network definitions, by name. */
module dev.convoy.zoo {
  requires transitive dev.convoy.runtime;

  exports dev.convoy.zoo;
}
