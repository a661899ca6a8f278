# Sourced by ./petal, ./run-tests and .ci/run: exports JAVA_HOME pointing at a Java 25+ JDK.
# Order: $JAVA_HOME if it is 25+, then /usr/lib/jvm/temurin-25*, then any /usr/lib/jvm/*25*.
petal_find_java() {
  local candidates=() home v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for home in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25*; do [ -d "$home" ] && candidates+=("$home"); done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] || continue
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then echo "$home"; return 0; fi
  done
  echo "petal: Java 25 not found (set JAVA_HOME, or install Temurin 25 under /usr/lib/jvm)" >&2
  return 1
}
JAVA_HOME="$(petal_find_java)" || exit 1
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's bundled Guava calls sun.misc.Unsafe; keep Java 25 from printing a warning block on every build.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
