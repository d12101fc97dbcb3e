package dev.cornjacket.devstack.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Deleting a data directory, but only one that looks like it holds nothing else. */
public final class DataDirectories {

  private DataDirectories() {}

  /**
   * Deletes {@code dir} and everything in it when it is empty or holds nothing but the given
   * subdirectories; does nothing when it does not exist. Symbolic links are deleted, never
   * followed.
   *
   * @return whether there was something to delete
   * @throws IllegalArgumentException naming the path when it is not a directory or holds anything
   *     else, so a mistyped data directory cannot cost a home directory
   */
  public static boolean deleteIfOnly(Path dir, Set<String> allowedSubdirectories) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException(
          "Refusing to wipe " + dir + ": it is not a directory (or is a symbolic link)");
    }
    Set<String> unexpected = unexpectedEntries(dir, allowedSubdirectories);
    if (!unexpected.isEmpty()) {
      throw new IllegalArgumentException(
          "Refusing to wipe "
              + dir
              + ": it contains "
              + unexpected
              + ", but a dev stack data directory holds only the subdirectories "
              + new TreeSet<>(allowedSubdirectories));
    }
    deleteRecursively(dir);
    return true;
  }

  private static Set<String> unexpectedEntries(Path dir, Set<String> allowedSubdirectories) {
    try (Stream<Path> entries = Files.list(dir)) {
      List<Path> all = entries.toList();
      Set<String> unexpected = new TreeSet<>();
      for (Path entry : all) {
        String name = entry.getFileName().toString();
        if (!allowedSubdirectories.contains(name)
            || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          unexpected.add(name);
        }
      }
      return unexpected;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list " + dir, e);
    }
  }

  /**
   * Deletes {@code dir} and everything in it, without any check; does nothing when it does not
   * exist. Symbolic links are deleted, never followed.
   */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      // walkFileTree does not follow symbolic links: a link is deleted, not its target
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure)
                throws IOException {
              if (failure != null) {
                throw failure;
              }
              Files.delete(directory);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + dir, e);
    }
  }
}
