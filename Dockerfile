# syntax=docker/dockerfile:1
# draftgate: agents draft, humans publish.
#   docker build -t draftgate .
#   docker run --rm -p 127.0.0.1:3000:3000 draftgate        (the sandbox, in-memory store)
# For a production-like start with Redis, see docker-compose.yml and docs/operations.md.

# The Node major equals the second runtime of .ci/run (Node 24 LTS).
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: compile TypeScript to dist/ (rootDir "." so the entry is dist/src/cli/run.js) ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY types ./types
COPY src ./src
COPY adapters ./adapters
# tsc, then the runtime files that live beside the modules (Lua scripts, the sandbox page).
RUN npm run build

# ---- runtime: production dependencies only, non-root ----
FROM ${NODE_IMAGE} AS runtime
# HOST: listen on every interface inside the container (publish the port on loopback or behind a proxy).
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY config ./config
# `npx draftgate audit verify` and friends: bin/draftgate.js runs dist/ when there are no sources.
COPY bin ./bin
# The image's `node` user (uid 1000) runs draftgate; the app files stay root-owned and read-only to it.
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/src/cli/run.js", "start"]
