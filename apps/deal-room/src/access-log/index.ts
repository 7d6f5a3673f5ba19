// What the rest of the app uses from the access log.
export { AccessLogModule } from './access-log.module';
export { AccessLog, appendAccessRecord } from './access-log.service';
export type { ListedAccess } from './access-log.service';
export { ACCESS_LOG_STREAM, ACCESS_RECORDED, isRecorded, OFFLINE_ROLE } from './access-record';
export type { AccessAction, AccessRecord, AccessRequest } from './access-record';
export { parseRevisionPage } from './access-log-query';
export { RecordRefusals } from './refusal-recorder.filter';
