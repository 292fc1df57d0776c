# syntax=docker/dockerfile:1
# draftgate: agents draft, humans publish.
#   docker build -t draftgate .
#   docker run --rm --init -p 127.0.0.1:3000:3000 -e DRAFTGATE_CONFIG=config/presets/docker-sandbox.yaml draftgate
#     (the sandbox, in-memory store. The sandbox refuses HOST=0.0.0.0 unless a config opts in with
#     sandbox.allow_remote, which that preset does; --init reaps the children of command agents, as compose's init: true)
# For a production-like start with Redis, see docker-compose.yml and docs/operations.md.

# The Node major equals the second runtime of .ci/run (Node 24 LTS).
ARG NODE_IMAGE=node:24-bookworm-slim
# The version label matches draftgate_build_info{version}: docker build --build-arg VERSION=$(node -p "require('./package.json').version")
ARG VERSION=0.1.0

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
ARG VERSION
LABEL org.opencontainers.image.title="draftgate" \
      org.opencontainers.image.description="Agents draft. Humans publish. Gates AI agents' Slack and Discord replies behind a human approval." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"
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
