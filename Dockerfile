# One image for every service of the monorepo. Services run from their TypeScript sources through
# @swc-node/register (there is no build step yet), so the image carries the sources and the full
# dependency tree, dev dependencies included (@swc-node/register, @swc/core and typescript are
# needed at run time).
#
# The default command runs the all-in-one (every service in one process on port 3000; on the
# embedded PostgreSQL under /app/.data unless DATABASE_URL is set). Select a single service by
# overriding the command:
#
#   docker build -t warranty-platform .
#   docker run --rm -p 3000:3000 warranty-platform
#   docker run --rm -e DATABASE_URL=... warranty-platform \
#     node -r @swc-node/register services/registration/src/main.ts
#
# Not exercised by CI.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------
# Dependencies
# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app

ENV npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false \
    SCARF_ANALYTICS=false

# Node 20 ships npm 10, which does not read the `allowScripts` field of package.json; the project
# is installed with npm 11, which does.
ARG NPM_VERSION=11.19.1
RUN npm install --global "npm@${NPM_VERSION}"

COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: ci refuses the lock file, which lacks some optional platform
# packages of swc. The slim image has no compiler: the native builds that testcontainers pulls in
# (cpu-features, an optional package, and ssh2's optional binding) fail and are left out.
RUN npm install && npm cache clean --force

# ---------------------------------------------------------------------------------------------
# Runtime
# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app

ENV NODE_ENV=production \
    PORT=3000 \
    WARRANTY_DATA_DIR=/app/.data

# Code and dependencies belong to root and are read-only for the service user.
COPY --from=deps /app/node_modules ./node_modules
COPY . .

# The only directory the service user writes to: the embedded PostgreSQL and the demo keys of the
# all-in-one. Services with DATABASE_URL write nothing but /tmp (the swc transform cache).
RUN mkdir -p /app/.data && chown 1000:1000 /app/.data

# The image's `node` user, by number so that Kubernetes can check runAsNonRoot.
USER 1000:1000

EXPOSE 3000

CMD ["node", "-r", "@swc-node/register", "services/all-in-one/src/main.ts"]
