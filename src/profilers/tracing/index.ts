export { fetchTraces, postSpans, tracesPath, zipkinHealthy, zipkinServices, ZipkinUnreachableError, type TraceQuery, type ZipkinConnection } from './zipkinClient';
export { claimPort, PortInUseError, startLocalZipkin, ZIPKIN_VERSION, zipkinJarPath, ZipkinStartError, type LocalZipkin, type StartZipkinOptions } from './zipkinServer';
