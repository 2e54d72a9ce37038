/**
 * The seed catalog's shapes: the connector apps of Shopify Flow's public
 * connector documentation, as a merchant browses them before any of them is
 * deployed to this server.
 */
import type { FieldType } from '@switchboard/sdk/manifest';

/** A field as a Flow manifest declares it (`[[settings.fields]]`). */
export interface SeedField {
  type: FieldType;
  /** Absent for reference fields (they travel as `customer_id`, `order_id`, ...). */
  key?: string;
  /** Action fields only: the label merchants see (trigger fields are named by their key). */
  name?: string;
  description?: string;
  required: boolean;
}

/** How the app sends a trigger, when it is not simply once per event. */
export type SeedDelivery =
  /** The app sends it on its own schedule (not Switchboard's "Scheduled time" trigger). */
  | { kind: 'scheduled'; schedule: string }
  /** The app groups many items into one event; each event is one run. */
  | { kind: 'batched'; batchSize: number; items: string };

export interface SeedTrigger {
  handle: string;
  name: string;
  description: string;
  fields: SeedField[];
  delivery?: SeedDelivery;
}

export interface SeedAction {
  handle: string;
  name: string;
  description: string;
  fields: SeedField[];
}

/** An example workflow from the app's page. */
export interface SeedExample {
  name: string;
  description: string;
  /** The template it became (WORKFLOW_TEMPLATES id), when every connector it uses exists in every shop. */
  template?: string;
}

export interface SeedApp {
  /** Stable slug; also the identity a real app must have to take this entry's place. */
  handle: string;
  name: string;
  /** Other names the same app goes by ("Stamped" for Stamped.io); they count as its identity too. */
  aliases?: string[];
  category: string;
  description: string;
  triggers: SeedTrigger[];
  actions: SeedAction[];
  examples: SeedExample[];
}
