# syntax=docker/dockerfile:1
# One image for both apps: `node dist/apps/api/src/main.js` or `node dist/apps/worker/src/main.js`.
# Node.js 24, the active LTS line (20 reached its end of life in April 2026; the code still runs on
# 20.19+). Pin the exact image by digest when building for production:
#   docker build --build-arg NODE_IMAGE=node:24.11.1-bookworm-slim@sha256:<digest of `docker buildx imagetools inspect node:24.11.1-bookworm-slim`> .
# (the digest is not written here: it was not read from the registry, which this repository's
# build machines cannot reach, and a made-up one would only break the build).
ARG NODE_IMAGE=node:24.11.1-bookworm-slim
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY .swcrc tsconfig.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY scripts scripts
RUN npx swc apps libs scripts -d dist --copy-files --quiet && npm prune --omit=dev

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# The apps' heap bound, as scripts/processes.ts APP_NODE_FLAGS (docs/operations.md, "Memory").
ENV NODE_OPTIONS=--max-old-space-size=192
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
USER node
EXPOSE 3000 3001
CMD ["node", "dist/apps/api/src/main.js"]
