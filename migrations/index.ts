import { Migration20261122000001_foundation } from './Migration20261122000001_foundation';
import { Migration20261122000002_costsharing } from './Migration20261122000002_costsharing';
import { Migration20261122000003_canteen } from './Migration20261122000003_canteen';
import { Migration20261204000001_auth } from './Migration20261204000001_auth';
import { Migration20261204000002_usernames } from './Migration20261204000002_usernames';
import { Migration20261204000003_agreed_annual_amounts } from './Migration20261204000003_agreed_annual_amounts';
import { Migration20261205000001_childcare } from './Migration20261205000001_childcare';
import { Migration20261205000006_reconciliation } from './Migration20261205000006_reconciliation';

/** Listed by hand so the migrator finds them the same way under tsx, Jest and a build. */
export const migrationsList = [
  { name: 'Migration20261122000001_foundation', class: Migration20261122000001_foundation },
  { name: 'Migration20261122000002_costsharing', class: Migration20261122000002_costsharing },
  { name: 'Migration20261122000003_canteen', class: Migration20261122000003_canteen },
  { name: 'Migration20261204000001_auth', class: Migration20261204000001_auth },
  { name: 'Migration20261204000002_usernames', class: Migration20261204000002_usernames },
  { name: 'Migration20261204000003_agreed_annual_amounts', class: Migration20261204000003_agreed_annual_amounts },
  { name: 'Migration20261205000001_childcare', class: Migration20261205000001_childcare },
  { name: 'Migration20261205000006_reconciliation', class: Migration20261205000006_reconciliation },
];
