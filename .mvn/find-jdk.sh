# Finds a JDK 25 or newer and exports JAVA_HOME; sourced by ./mvnw, ./cornjacket and .ci/run.
# Order: $JAVA_HOME if it is new enough, then the usual install locations, then `java` on PATH.
# POSIX sh, so that it works from the Maven wrapper's own shell.

cj_java_major() {
  # prints the feature version of the java binary given as $1 (e.g. 25), or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

cj_find_jdk() {
  cj_required=25
  for cj_home in "${JAVA_HOME-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/openjdk /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$cj_home" ] && [ -x "$cj_home/bin/java" ] && [ -x "$cj_home/bin/javac" ] || continue
    cj_major=$(cj_java_major "$cj_home/bin/java")
    if [ -n "$cj_major" ] && [ "$cj_major" -ge "$cj_required" ]; then
      JAVA_HOME="$cj_home"
      export JAVA_HOME
      return 0
    fi
  done
  if command -v javac >/dev/null 2>&1; then
    cj_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    cj_major=$(cj_java_major "$cj_home/bin/java")
    if [ -n "$cj_major" ] && [ "$cj_major" -ge "$cj_required" ]; then
      JAVA_HOME="$cj_home"
      export JAVA_HOME
      return 0
    fi
  fi
  echo "Cornjacket needs a JDK $cj_required or newer, and none was found." >&2
  echo "Looked at \$JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm/* and the javac on PATH." >&2
  echo "Install one (for example Eclipse Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
