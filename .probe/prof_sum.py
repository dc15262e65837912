import json,sys,glob,collections
for f in sorted(glob.glob(sys.argv[1]+'/*.cpuprofile')):
    p=json.load(open(f))
    nodes={n['id']:n for n in p['nodes']}
    dt=collections.Counter()
    deltas=p['timeDeltas']; samples=p['samples']
    for s,d in zip(samples,deltas): dt[s]+=d
    self_by=collections.Counter()
    total=0
    for nid,t in dt.items():
        n=nodes[nid]; cf=n['callFrame']
        name=cf['functionName'] or '(anon)'
        url=cf['url'].split('/')[-1]
        if name in ('(idle)','(program)'): 
            self_by[name]+=t; continue
        total+=t
        self_by[f"{name} {url}:{cf['lineNumber']}"]+=t
    print(f"== {f.split('/')[-1]} busy {total/1e6:.2f}s idle {self_by['(idle)']/1e6:.2f}s")
    for k,v in self_by.most_common(int(sys.argv[2]) if len(sys.argv)>2 else 15):
        if k in ('(idle)',): continue
        print(f"  {v/1e6:6.2f}s {k}")
