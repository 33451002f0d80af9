import { Migration20261122000001_foundation } from './Migration20261122000001_foundation';
import { Migration20261122000002_costsharing } from './Migration20261122000002_costsharing';
import { Migration20261122000003_canteen } from './Migration20261122000003_canteen';
import { Migration20261204000001_auth } from './Migration20261204000001_auth';
import { Migration20261204000002_usernames } from './Migration20261204000002_usernames';
import { Migration20261204000003_agreed_annual_amounts } from './Migration20261204000003_agreed_annual_amounts';
import { Migration20261205000001_childcare } from './Migration20261205000001_childcare';
import { Migration20261205000002_childcare_days } from './Migration20261205000002_childcare_days';
import { Migration20261205000003_childcare_fees } from './Migration20261205000003_childcare_fees';
import { Migration20261205000004_carehome } from './Migration20261205000004_carehome';
import { Migration20261205000005_afterschool } from './Migration20261205000005_afterschool';
import { Migration20261205000006_reconciliation } from './Migration20261205000006_reconciliation';
import { Migration20261206000001_childcare_bookings } from './Migration20261206000001_childcare_bookings';
import { Migration20261206000002_afterschool_fees } from './Migration20261206000002_afterschool_fees';
import { Migration20261206000003_carehome_billing } from './Migration20261206000003_carehome_billing';
import { Migration20261206000004_carehome_rules } from './Migration20261206000004_carehome_rules';
import { Migration20261206000006_reconciliation_indexes } from './Migration20261206000006_reconciliation_indexes';
import { Migration20261207000001_carehome_settings_versions } from './Migration20261207000001_carehome_settings_versions';
import { Migration20261207000002_carehome_hospital_days } from './Migration20261207000002_carehome_hospital_days';
import { Migration20261207000401_carehome_contract_amendments } from './Migration20261207000401_carehome_contract_amendments';
import { Migration20261208000001_carehome_level_lines } from './Migration20261208000001_carehome_level_lines';
import { Migration20261208000100_recon_line_site_index } from './Migration20261208000100_recon_line_site_index';

/** Listed by hand so the migrator finds them the same way under tsx, Jest and a build. */
export const migrationsList = [
  { name: 'Migration20261122000001_foundation', class: Migration20261122000001_foundation },
  { name: 'Migration20261122000002_costsharing', class: Migration20261122000002_costsharing },
  { name: 'Migration20261122000003_canteen', class: Migration20261122000003_canteen },
  { name: 'Migration20261204000001_auth', class: Migration20261204000001_auth },
  { name: 'Migration20261204000002_usernames', class: Migration20261204000002_usernames },
  { name: 'Migration20261204000003_agreed_annual_amounts', class: Migration20261204000003_agreed_annual_amounts },
  { name: 'Migration20261205000001_childcare', class: Migration20261205000001_childcare },
  { name: 'Migration20261205000002_childcare_days', class: Migration20261205000002_childcare_days },
  { name: 'Migration20261205000003_childcare_fees', class: Migration20261205000003_childcare_fees },
  { name: 'Migration20261205000004_carehome', class: Migration20261205000004_carehome },
  { name: 'Migration20261205000005_afterschool', class: Migration20261205000005_afterschool },
  { name: 'Migration20261205000006_reconciliation', class: Migration20261205000006_reconciliation },
  { name: 'Migration20261206000001_childcare_bookings', class: Migration20261206000001_childcare_bookings },
  { name: 'Migration20261206000002_afterschool_fees', class: Migration20261206000002_afterschool_fees },
  { name: 'Migration20261206000003_carehome_billing', class: Migration20261206000003_carehome_billing },
  { name: 'Migration20261206000004_carehome_rules', class: Migration20261206000004_carehome_rules },
  { name: 'Migration20261206000006_reconciliation_indexes', class: Migration20261206000006_reconciliation_indexes },
  { name: 'Migration20261207000001_carehome_settings_versions', class: Migration20261207000001_carehome_settings_versions },
  { name: 'Migration20261207000002_carehome_hospital_days', class: Migration20261207000002_carehome_hospital_days },
  { name: 'Migration20261207000401_carehome_contract_amendments', class: Migration20261207000401_carehome_contract_amendments },
  { name: 'Migration20261208000001_carehome_level_lines', class: Migration20261208000001_carehome_level_lines },
  { name: 'Migration20261208000100_recon_line_site_index', class: Migration20261208000100_recon_line_site_index },
];
