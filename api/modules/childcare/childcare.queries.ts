import type { EntityManager } from '@mikro-orm/core';
import { lockPlacesOf } from '../../waitlist/site-lock';

/** Childcare's places are its classes: the table the shared waitlist pieces lock and visit. */
export const CLASSES_TABLE = 'childcare_class';

/** Locks the site's class rows before anything of the site is read (see `lockPlacesOf`). */
export const lockClassesOf = (em: EntityManager, siteId: string): Promise<void> => lockPlacesOf(em, CLASSES_TABLE, siteId);
