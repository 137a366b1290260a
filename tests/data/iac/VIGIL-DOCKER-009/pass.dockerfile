FROM eclipse-temurin:21.0.4_7-jre AS runtime
COPY target/service.jar /opt/service.jar
USER 1001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/opt/service.jar"]
