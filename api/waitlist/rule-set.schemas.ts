import { z } from '../openapi';
import { dateField, siteIdField } from '../modules/canteen/canteen.schemas';

/**
 * A module's rule-set bodies, named after the module in the OpenAPI document. Rules are checked
 * by the waitlist engine (domain/waitlist validate), which names every problem by path. A module
 * whose versions carry more (the care home's settings) adds its fields to the new version it
 * takes and to the versions it answers.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no extra fields by default
export function ruleSetSchemas<C extends z.ZodRawShape = {}, A extends z.ZodRawShape = {}>(module: string, extra: { create?: C; answer?: A } = {}) {
  const rule = z.record(z.string(), z.unknown()).openapi(`${module}Rule`);
  return {
    ruleSetCreate: z
      .object({ siteId: siteIdField, effectiveFrom: dateField, defaultClass: z.number().int(), rules: z.array(rule).max(100), ...(extra.create as C) })
      .openapi(`${module}RuleSetCreate`),
    ruleSet: z
      .object({ id: z.string().nullable(), siteId: z.string(), version: z.number().int(), effectiveFrom: z.string(), defaultClass: z.number().int(), rules: z.array(rule), inForce: z.boolean(), ...(extra.answer as A) })
      .openapi(`${module}RuleSet`),
  };
}
