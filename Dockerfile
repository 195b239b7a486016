# syntax=docker/dockerfile:1
# Both stages run Node 24, the current LTS line (Node 20 reached its end of life in April 2026); keep them equal.

# Build stage: compile TypeScript with the dev dependencies, then drop them.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: the compiled app and its production dependencies, owned by root and run as the unprivileged
# `node` user. HOST=0.0.0.0 makes the published port reach the app: .env.example sets neither HOST nor PORT, so
# `docker run --env-file .env` keeps these. The private key is never in the image: pass it in PRIVATE_KEY, or mount
# the .pem file and set PRIVATE_KEY_PATH to where it is mounted.
FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/lib ./lib
USER node
EXPOSE 3000
# Healthy means ready: GitHub accepts the app's credentials (GET /readyz). The slim image has no curl; Node asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "lib/main.js"]
