/**
 * The permission catalogue. Codes are `resource:action`; each is a row in the `permissions` table,
 * seeded by migration, and granted to roles there. A context adds its codes here and in a migration.
 */
export const Permission = {
  UsersRead: 'users:read',
  UsersManage: 'users:manage',
  RolesRead: 'roles:read',
  RolesManage: 'roles:manage',
  FacilitiesRead: 'facilities:read',
  FacilitiesManage: 'facilities:manage',
  AuditRead: 'audit:read',
  SystemHealth: 'system:health',
  PatientsRead: 'patients:read',
  PatientsWrite: 'patients:write',
  HistoryWrite: 'history:write',
  DocumentsWrite: 'documents:write',
  VisitsRead: 'visits:read',
  VisitsRegister: 'visits:register',
  VisitsAssess: 'visits:assess',
  VisitsConsult: 'visits:consult',
  VisitsCounsel: 'visits:counsel',
  VisitsClose: 'visits:close',
  VisitsCancel: 'visits:cancel',
  LabOrdersWrite: 'lab-orders:write',
  ReferralsWrite: 'referrals:write',
  PrescriptionsRead: 'prescriptions:read',
  PrescriptionsWrite: 'prescriptions:write',
  PharmacyDispense: 'pharmacy:dispense',
  PharmacyDispenseControlled: 'pharmacy:dispense-controlled',
  PharmacyCatalogue: 'pharmacy:catalogue',
  InventoryRead: 'inventory:read',
  InventoryIssue: 'inventory:issue',
  InventoryAdjust: 'inventory:adjust',
  InventoryManage: 'inventory:manage',
  JobsRun: 'jobs:run',
  RoutesRead: 'routes:read',
  RoutesManage: 'routes:manage',
  AppointmentsBook: 'appointments:book',
  ClaimsRead: 'claims:read',
  ClaimsManage: 'claims:manage',
  AnalyticsRead: 'analytics:read',
} as const;

export type PermissionCode = (typeof Permission)[keyof typeof Permission];

export const ALL_PERMISSIONS: readonly PermissionCode[] = Object.values(Permission);
