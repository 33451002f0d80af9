import { Migration } from '@mikro-orm/migrations';

/**
 * A programme's annual budget and a charity pool's annual amount now live on the rule, where
 * each year's funding account opens from them; until now they were only on the year's account.
 * A rule without one takes the limit of its latest account (a rule with no account had no
 * budget, and stays without one: its units are refused until an amount is set).
 */
export class Migration20261204000003_agreed_annual_amounts extends Migration {
  async up(): Promise<void> {
    const rules = await this.execute("select `id`, `site_id`, `mechanism`, `settings` from `contribution_rule` where `mechanism` in ('tier_subsidy', 'charity_pool')");
    for (const rule of rules) {
      const settings = (typeof rule.settings === 'string' ? JSON.parse(rule.settings) : rule.settings) as Record<string, unknown>;
      const field = rule.mechanism === 'tier_subsidy' ? 'annualBudgetFen' : 'annualFen';
      if (settings[field] !== undefined) continue;
      const code = rule.mechanism === 'tier_subsidy' ? settings.programmeCode : settings.poolCode;
      const [latest] = await this.execute('select `limit_fen` from `funding_account` where `site_id` = ? and `account` = ? order by `year` desc limit 1', [rule.site_id, code]);
      if (!latest) continue;
      await this.execute('update `contribution_rule` set `settings` = ? where `id` = ?', [JSON.stringify({ ...settings, [field]: Number(latest.limit_fen) }), rule.id]);
    }
  }
}
