"""Graphene resolvers and mutations passing their arguments as argument lists or quoted."""

import os
import shlex
import subprocess

import graphene


class Query(graphene.ObjectType):
    processes = graphene.String(arg=graphene.String())

    def resolve_processes(self, info, arg=None):
        return os.popen("ps " + shlex.quote(arg or "")).read()


class Ping(graphene.Mutation):
    class Arguments:
        host = graphene.String(required=True)

    output = graphene.String()

    def mutate(root, info, host="localhost"):
        out = subprocess.run(["ping", "-c", "1", host], capture_output=True)
        return Ping(output=out.stdout.decode())
