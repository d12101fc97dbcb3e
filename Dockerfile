# Cornjacket: a multi-stage build. The build stage compiles with the committed Maven wrapper; the
# runtime stage holds only a JRE, the application jar and its libraries, and runs as a non-root user.
#   docker build -t cornjacket:0.1.0 .
FROM eclipse-temurin:25.0.1_8-jdk-noble AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY config config
COPY topology topology
COPY devstack devstack
COPY http http
COPY mqtt-bridge mqtt-bridge
COPY sinks sinks
COPY app app
COPY bench/pom.xml bench/pom.xml
COPY chaos/pom.xml chaos/pom.xml
RUN ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl app -am package

FROM eclipse-temurin:25.0.1_8-jre-noble
RUN groupadd --system --gid 10001 cornjacket \
 && useradd --system --uid 10001 --gid cornjacket --home-dir /var/lib/cornjacket --shell /usr/sbin/nologin cornjacket \
 && mkdir -p /opt/cornjacket /var/lib/cornjacket \
 && chown cornjacket:cornjacket /var/lib/cornjacket
COPY --from=build /src/app/target/cornjacket.jar /opt/cornjacket/cornjacket.jar
COPY --from=build /src/app/target/lib /opt/cornjacket/lib
USER cornjacket
WORKDIR /var/lib/cornjacket
ENV CORNJACKET_DATA_DIR=/var/lib/cornjacket \
    CORNJACKET_HTTP_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
VOLUME ["/var/lib/cornjacket"]
# Ready means: streams RUNNING, broker and PostgreSQL reachable (see /health/ready). The JRE image
# has no curl; bash's /dev/tcp sends the request.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${CORNJACKET_HTTP_PORT:-8080} && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED", "-jar", "/opt/cornjacket/cornjacket.jar"]
CMD ["run"]
