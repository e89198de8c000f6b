# One image for the web app and the workers (compose.yaml runs it both ways).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir . && useradd --system --home /app fleetplan
USER fleetplan
EXPOSE 8080
CMD ["fleetplan", "serve", "--host", "0.0.0.0", "--port", "8080"]
