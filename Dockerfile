# syntax=docker/dockerfile:1
# Node 26, the newest LTS line (Node 20 is past its end of life); the suite also passes on 24 and 20
# (npm run test:node -- 26).
FROM node:26-slim AS build
WORKDIR /app
# better-sqlite3 12 ships no prebuilt binary for Node 26, so it is compiled: the toolchain stays in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# Fail the image build, not the container start, if the entry point or a command moved.
RUN npm run build && test -f dist/apps/deal-room/src/main.js && test -f dist/scripts/token.js
RUN npm prune --omit=dev

FROM node:26-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
RUN mkdir -p /data && chown node:node /data
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
# The app and its commands, compiled: node dist/scripts/token.js | audit.js | projections.js | backup.js.
COPY --from=build --chown=node:node /app/dist ./dist
USER node
# The token secret and the read models live here, and the embedded store's files when no external one is set.
VOLUME /data
EXPOSE 3000
# node:26-slim has no curl; Node's fetch does the probe. Ready: the store answers and the read models keep up.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# A young generation of at most 16 MB (Node 20's default; 24 grows it larger): shorter collector pauses,
# which were the tail of a GET (issue 10, BENCHMARKS.md). The same flags as `npm start`.
CMD ["node", "--max-semi-space-size=16", "dist/apps/deal-room/src/main.js"]
