-- functions/context_setting.sql is no longer shipped: 0002 dropped its function. Its
-- record goes too; otherwise `status` reports the file as applied but no longer shipped,
-- which is how it tells that the database is newer than the installer.
DELETE FROM governance.migrations WHERE name = '10_governance/functions/context_setting.sql';
