// What the rest of the app uses from the audit trail. The CLI (scripts/audit.ts) imports cli/audit-cli.
export { AuditModule } from './audit.module';
