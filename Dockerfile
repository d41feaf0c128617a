# Multi-stage build of the operator image. Not built in this repository's CI (no Docker engine on the
# build machines); build it with: docker build -t ghcr.io/certsync/cdn-cert-operator:0.1.0 .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY crds crds
COPY deploy/examples deploy/examples
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
COPY --from=build /src/target/cdn-cert-operator.jar /app/cdn-cert-operator.jar
# the chart's restricted security context runs it as 65532 with a read-only root filesystem
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/cdn-cert-operator.jar"]
CMD ["run"]
