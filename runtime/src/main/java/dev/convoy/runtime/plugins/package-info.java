/**
 * Third-party plugins, each in its own {@link java.lang.ModuleLayer}, OSGi-style without OSGi:
 * {@link dev.convoy.runtime.plugins.PluginsFolder} says where they are ({@code --plugins DIR},
 * {@code -Dconvoy.plugins}, {@code CONVOY_PLUGINS}), {@link dev.convoy.runtime.plugins.PluginLoader}
 * loads each jar (or folder of jars) into a layer whose parent holds the api and finds its layer,
 * backend and optimizer providers, and {@link dev.convoy.runtime.plugins.PluginScan} reports what
 * loaded, what was skipped and why, and adds the providers to the built-in ones.
 */
package dev.convoy.runtime.plugins;
