resource "aws_iam_policy" "ci" {
  name = "ci-deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
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
    {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}
  ]
}
EOF_POLICY
}

data "aws_iam_policy_document" "admin" {
  statement {
    sid       = "Everything"
    actions   = ["*"]
    resources = ["*"]
  }
}
