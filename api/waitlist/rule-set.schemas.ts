import { z } from '../openapi';
import { dateField, siteIdField } from '../modules/canteen/canteen.schemas';

/**
 * A module's rule-set bodies, named after the module in the OpenAPI document. Rules are checked
 * by the waitlist engine (domain/waitlist validate), which names every problem by path.
 */
export function ruleSetSchemas(module: string) {
  const rule = z.record(z.string(), z.unknown()).openapi(`${module}Rule`);
  return {
    ruleSetCreate: z
      .object({ siteId: siteIdField, effectiveFrom: dateField, defaultClass: z.number().int(), rules: z.array(rule).max(100) })
      .openapi(`${module}RuleSetCreate`),
    ruleSet: z
      .object({ id: z.string().nullable(), siteId: z.string(), version: z.number().int(), effectiveFrom: z.string(), defaultClass: z.number().int(), rules: z.array(rule), inForce: z.boolean() })
      .openapi(`${module}RuleSet`),
  };
}
