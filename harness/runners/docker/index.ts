export { createDockerRunner, removeLabelled, DOCKER_LABEL, PID_LABEL, type DockerOptions } from './runner.js';
export { parseGpus, gpusFromSlurm, deviceRequests, createGpuPool, gpuProvenance, isNoGpuDriverError, type GpuRequest, type GpuPool, type DeviceRequest } from './gpus.js';
