FROM eclipse-temurin:21.0.4_7-jre AS runtime
COPY target/service.jar /opt/service.jar
USER 1001
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/service.jar"]
