"""Graphene resolvers and mutations: their arguments are the GraphQL client's."""

import os
import subprocess

import graphene


class Query(graphene.ObjectType):
    processes = graphene.String(arg=graphene.String())

    def resolve_processes(self, info, arg=None):
        return os.popen("ps " + (arg or "")).read()  # expect: VIGIL-PY-CMDI


class Ping(graphene.Mutation):
    class Arguments:
        host = graphene.String(required=True)

    output = graphene.String()

    def mutate(root, info, host="localhost"):
        out = subprocess.run(f"ping -c 1 {host}", shell=True, capture_output=True)  # expect: VIGIL-PY-CMDI
        return Ping(output=out.stdout.decode())
