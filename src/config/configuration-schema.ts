import { z } from 'zod';
import { CompanyTemplate, ModelName } from './template-schema.ts';

/**
 * Versioned company configuration (docs/self-improvement.md): what shapes agent behaviour beyond the
 * org chart, changed only by new immutable versions. Roles are the `role` names of the template's agents.
 */
export const RoleConfiguration = z.strictObject({
  /** Added to the system prompt of every agent with this role. */
  instructions: z.string().min(1).max(4_000).optional(),
  /** Replaces the model of every agent with this role. */
  model: ModelName.optional(),
  /** Sampling temperature of this role's model calls (providers; the offline simulator ignores it). */
  temperature: z.number().min(0).max(2).optional(),
});
export type RoleConfiguration = z.infer<typeof RoleConfiguration>;

export const ConfigurationPolicies = z.strictObject({
  maxRevisions: z.number().int().min(0).max(10).optional(),
  reviewRequired: z.boolean().optional(),
});

/** The template package (and version) a configuration moves the company to (docs/templates.md, "Upgrading a running company"). */
export const TemplatePackagePin = z.strictObject({
  name: z.string().min(1).max(214),
  version: z.string().min(1).max(256),
  integrity: z.string().min(1).max(200),
});
export type TemplatePackagePin = z.infer<typeof TemplatePackagePin>;

/**
 * A newer template for a running company: the package it came from and the whole validated template,
 * so a task under this version sees the new org chart without the package being installed on the worker.
 */
export const TemplateConfiguration = z.strictObject({
  package: TemplatePackagePin,
  template: CompanyTemplate,
});
export type TemplateConfiguration = z.infer<typeof TemplateConfiguration>;

export const CompanyConfiguration = z.strictObject({
  roles: z.record(z.string().min(1).max(120), RoleConfiguration).default({}),
  policies: ConfigurationPolicies.default({}),
  /** Absent: the template the company started with. */
  template: TemplateConfiguration.optional(),
});
export type CompanyConfiguration = z.infer<typeof CompanyConfiguration>;

/**
 * A proposed change: the fields to set, `null` to remove one (back to the template's value). Strict
 * at every level, so a misspelt key is an error rather than a silently ignored change.
 */
export const ConfigurationPatch = z.strictObject({
  roles: z
    .record(
      z.string().min(1).max(120),
      z
        .strictObject({
          instructions: z.string().min(1).max(4_000).nullable().optional(),
          model: ModelName.nullable().optional(),
          temperature: z.number().min(0).max(2).nullable().optional(),
        })
        .nullable(),
    )
    .optional(),
  policies: z
    .strictObject({
      maxRevisions: z.number().int().min(0).max(10).nullable().optional(),
      reviewRequired: z.boolean().nullable().optional(),
    })
    .optional(),
  /** A template upgrade; `null` goes back to the template the company started with. */
  template: TemplateConfiguration.nullable().optional(),
});
export type ConfigurationPatch = z.infer<typeof ConfigurationPatch>;
