import cfenv

env = cfenv.AppEnv()
