-- Revert wellflow:roles from pg
-- Roles are cluster-wide and other databases on the same cluster (test clones, other
-- environments) still own objects through them, so reverting this database leaves them.
select 1;
