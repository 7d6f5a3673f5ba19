// What the rest of the app uses from the access log.
export { AccessLogModule } from './access-log.module';
export { AccessLog } from './access-log.service';
export type { ListedAccess } from './access-log.service';
export { ACCESS_LOG_STREAM, ACCESS_RECORDED, isRecorded } from './access-record';
export type { AccessAction, AccessRecord, AccessRequest } from './access-record';
