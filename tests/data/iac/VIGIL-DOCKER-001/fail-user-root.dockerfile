FROM golang:1.23.2-bookworm AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /api
USER root
HEALTHCHECK NONE
ENTRYPOINT ["/api"]
