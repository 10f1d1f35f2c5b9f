export { fetchServices, fetchTraces, postSpans, type TraceQuery, type ZipkinConnection } from './zipkinClient';
export { claimPort, PortInUseError } from '../ports';
export { startLocalZipkin, type LocalZipkin, type StartZipkinOptions } from './zipkinServer';
