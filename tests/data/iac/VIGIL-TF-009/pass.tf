resource "aws_iam_policy" "ci" {
  name = "ci-deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ecs:UpdateService", "ecs:DescribeServices"]
        Resource = "arn:aws:ecs:eu-west-1:123456789012:service/prod/*"
      },
    ]
  })
}

resource "aws_iam_role_policy" "lambda" {
  name = "lambda-inline"
  role = aws_iam_role.lambda.id

  policy = <<EOF_POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Deny", "Action": ["*"], "Resource": ["*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
  ]
}
EOF_POLICY
}

data "aws_iam_policy_document" "read" {
  statement {
    sid       = "ReadBucket"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
