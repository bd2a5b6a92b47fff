# syntax=docker/dockerfile:1
# readiness-lint-disable-file require-ci-checks -- this repository's CI is the .ci/run script, a pipeline the rule does not recognise
# readiness-lint as a container: docker run --rm -v "$PWD:/work" readiness-lint [options] [paths]
# Build stage: dev dependencies and sources, to bundle dist/ (the launcher and dist/lib, no runtime dependencies).
FROM node:20.19.5-alpine3.22 AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: nothing a dependency ships runs in the build.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY scripts ./scripts
COPY rules ./rules
COPY schemas ./schemas
COPY src ./src
COPY tsconfig.json NOTICE LICENSE ./
RUN node scripts/build.mjs

# Runtime stage: node and the bundled files, run as the image's unprivileged user.
FROM node:20.19.5-alpine3.22
COPY --from=build /src/dist/cli.js /opt/readiness-lint/cli.js
COPY --from=build /src/dist/lib /opt/readiness-lint/lib
COPY --from=build /src/LICENSE /src/NOTICE /opt/readiness-lint/
USER node
WORKDIR /work
# A one-shot tool serves nothing; the check says the bundled CLI starts (it prints its version).
HEALTHCHECK --interval=5m --timeout=10s --retries=1 CMD ["node", "/opt/readiness-lint/cli.js", "--version"]
ENTRYPOINT ["node", "/opt/readiness-lint/cli.js"]
