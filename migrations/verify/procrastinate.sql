-- Verify wellflow:procrastinate on pg
select id, queue_name, task_name, status, args from procrastinate.procrastinate_jobs where false;
