def index(request): pass
