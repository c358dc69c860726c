"""Decoupling mechanisms: SQS queues (standard, FIFO), SNS fan-out, EC2 and Lambda worker tiers."""
