-- Issue 18: administrators set the order of the home page's tiles and the "new" badge. Every
-- service has a place (1 first); the ones published so far keep the order they had (first
-- published first); a new one goes last. The badge is automatic (the first 30 days), shown
-- or hidden.
ALTER TABLE services ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE services ADD COLUMN new_badge TEXT NOT NULL DEFAULT 'auto';
UPDATE services SET position = (
    SELECT COUNT(*) FROM services AS before_it
    WHERE before_it.first_published < services.first_published
       OR (before_it.first_published = services.first_published AND before_it.id <= services.id)
);
