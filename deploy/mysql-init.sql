-- Each subgraph owns its own database; the services' user may use only these three.
CREATE DATABASE IF NOT EXISTS cps_members CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS cps_catalogue CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS cps_regions CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
GRANT ALL PRIVILEGES ON cps_members.* TO 'cps'@'%';
GRANT ALL PRIVILEGES ON cps_catalogue.* TO 'cps'@'%';
GRANT ALL PRIVILEGES ON cps_regions.* TO 'cps'@'%';
