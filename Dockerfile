# Image for running the suite against a real cluster (laptop, CI job or OpenShift Job).
# `npm run job -- --shards N --image <this image>` prints an Indexed Job whose pods run
# /app/bin/mtv-tests.ts with their own --shard (docs/openshift-job.md).
# The embedded lab is included too, so `--target lab` works inside the container.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
LABEL org.opencontainers.image.title="mtv-api-tests-ts" \
      org.opencontainers.image.description="End-to-end validation suite for Migration Toolkit for Virtualization"
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates openssh-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json jest.config.ts README.md ./
COPY bin ./bin
COPY lib ./lib
COPY lab ./lab
COPY packages ./packages
COPY fixtures ./fixtures
COPY scenarios ./scenarios
COPY utilities ./utilities
COPY exceptions ./exceptions
COPY tools ./tools
# OpenShift runs containers with an arbitrary non-root UID in group 0: keep /app group-writable
# for the data collector, the JUnit report and the virtctl cache.
ENV HOME=/app \
    JEST_JUNIT_OUTPUT_DIR=/app/output \
    TMPDIR=/tmp
RUN mkdir -p /app/output && chgrp -R 0 /app && chmod -R g=u /app
USER 1001
# Without arguments: list what would run (collect-only); needs no cluster.
ENTRYPOINT ["node", "-r", "./bin/register-ts.cjs", "bin/mtv-tests.ts"]
CMD ["--list"]
