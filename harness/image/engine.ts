import Docker from 'dockerode';

/** The socket the project's own dockerd listens on (scripts/ci/docker.sh). */
export const MEDGRADE_DOCKER_SOCK = '/run/medgrade-docker.sock';

/**
 * DOCKER_HOST wins; otherwise the project's private engine when its socket
 * exists, then the default socket. Returned as text for error messages.
 */
export function dockerHost(): string {
  if (process.env.DOCKER_HOST) return process.env.DOCKER_HOST;
  return `unix://${MEDGRADE_DOCKER_SOCK}`;
}

export function connectDocker(host = dockerHost()): Docker {
  if (host.startsWith('unix://')) return new Docker({ socketPath: host.slice('unix://'.length) });
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  return new Docker({ host: url.hostname, port: Number(url.port || 2375) });
}

/** Null when the engine answers; otherwise the reason, for `available()`. */
export async function engineProblem(docker: Docker, host = dockerHost()): Promise<string | null> {
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer in 5 s')), 5000).unref()),
    ]);
    return null;
  } catch (e) {
    return `no Docker engine reachable at ${host} (${(e as Error).message}); start dockerd (scripts/ci/docker.sh start) or use --runner sandbox`;
  }
}

/** True when the image is present locally. Never contacts a registry. */
export async function imageExists(docker: Docker, name: string): Promise<boolean> {
  try {
    await docker.getImage(name).inspect();
    return true;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return false;
    throw e;
  }
}
