# One image for every service of the monorepo: compiled JavaScript and production dependencies.
# The default command runs the all-in-one (every service in one process on port 3000, on the
# embedded PostgreSQL under /app/.data unless DATABASE_URL is set). Select a single service by
# overriding the command:
#
#   docker build -t warranty-platform .
#   docker run --rm -p 3000:3000 warranty-platform
#   docker run --rm -e DATABASE_URL=... warranty-platform node dist/services/registration/src/main.js
#
# Not exercised by CI: there is no Docker engine where CI runs.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false \
    SCARF_ANALYTICS=false
# Node 20 ships npm 10, which ignores the `allowScripts` field of package.json; npm 11 reads it.
ARG NPM_VERSION=11.19.1
RUN npm install --global "npm@${NPM_VERSION}"
WORKDIR /app

# ---------------------------------------------------------------------------------------------
# Build: every dependency, then the compiled services under dist/
# ---------------------------------------------------------------------------------------------
FROM base AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY services ./services
RUN npm run build

# ---------------------------------------------------------------------------------------------
# Runtime: production dependencies and compiled JavaScript only
# ---------------------------------------------------------------------------------------------
FROM base AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WARRANTY_DATA_DIR=/app/.data

COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist

# Code and dependencies belong to root and are read-only for the service user; it writes only the
# embedded PostgreSQL and the all-in-one's demo keys.
RUN mkdir -p /app/.data && chown 1000:1000 /app/.data

# The image's `node` user, by number so that Kubernetes can check runAsNonRoot.
USER 1000:1000

EXPOSE 3000

# Slim images have no curl: Node's own fetch asks the readiness endpoint.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

CMD ["node", "dist/services/all-in-one/src/main.js"]
