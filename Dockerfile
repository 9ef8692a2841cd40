# syntax=docker/dockerfile:1
# One image for both apps: `node dist/apps/api/src/main.js` or `node dist/apps/worker/src/main.js`.
FROM node:20.19-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY .swcrc tsconfig.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY scripts scripts
RUN npx swc apps libs scripts -d dist --copy-files --quiet && npm prune --omit=dev

FROM node:20.19-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
USER node
EXPOSE 3000 3001
CMD ["node", "dist/apps/api/src/main.js"]
