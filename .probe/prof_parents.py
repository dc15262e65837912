import json,sys,glob,collections
f=sys.argv[1]; target=sys.argv[2]
p=json.load(open(f))
nodes={n['id']:n for n in p['nodes']}
parent={}
for n in p['nodes']:
    for c in n.get('children',[]): parent[c]=n['id']
dt=collections.Counter()
for s,d in zip(p['samples'],p['timeDeltas']): dt[s]+=d
acc=collections.Counter()
for nid,t in dt.items():
    cf=nodes[nid]['callFrame']
    if cf['functionName']!=target: continue
    chain=[]; x=parent.get(nid)
    while x is not None and len(chain)<int(sys.argv[3] if len(sys.argv)>3 else 4):
        c=nodes[x]['callFrame']; chain.append(f"{c['functionName'] or '(anon)'}@{c['url'].split('/')[-1]}:{c['lineNumber']}"); x=parent.get(x)
    acc[' < '.join(chain)]+=t
for k,v in acc.most_common(8): print(f"{v/1e6:6.2f}s {k}")
