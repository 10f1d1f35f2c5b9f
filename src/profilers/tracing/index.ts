export { fetchServices, fetchTraces, postSpans, type TraceQuery, type ZipkinConnection } from './zipkinClient';
export { claimPort, PortInUseError, startLocalZipkin, type LocalZipkin, type StartZipkinOptions } from './zipkinServer';
