export { ROLES, type Role } from '../../domain/shared/roles';
